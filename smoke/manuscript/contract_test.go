package manuscript

import (
	"testing"

	"github.com/smokegate/smokegate/harness/contracttest"
)

// Every fact of the contract on every path that serves it has a marked
// check (coverage.md).
func TestContractCoverage(t *testing.T) { contracttest.Coverage(t, "coverage.md", 20) }

// Every field of an answer a check sees is asserted, or a gap with its
// reason (fields.md).
func TestFieldCoverage(t *testing.T) { contracttest.Fields(t, "fields.md", 30) }
