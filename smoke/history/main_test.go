package history

import (
	"testing"

	"github.com/smokegate/smokegate/fixtures/sandbox"
	"github.com/smokegate/smokegate/harness"
)

func TestMain(m *testing.M) { harness.Main(m, sandbox.Starter) }
