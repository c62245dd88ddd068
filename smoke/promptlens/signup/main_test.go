package signup

import (
	"testing"

	"github.com/smokegate/smokegate/fixtures/promptlens/sandboxstart"
	"github.com/smokegate/smokegate/harness"
)

// check is this package's hold on the harness; its tests start from it.
var check = harness.NewCheck(sandboxstart.Starter)

func TestMain(m *testing.M) { check.Main(m) }
