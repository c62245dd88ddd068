package restore

import (
	"testing"

	"github.com/smokegate/smokegate/fixtures/manuscriptstart"
	"github.com/smokegate/smokegate/harness"
)

func TestMain(m *testing.M) { harness.Main(m, manuscriptstart.Starter) }
