package up

import (
	"testing"

	"github.com/smokegate/smokegate/fixtures/example"
	"github.com/smokegate/smokegate/harness"
)

// check is this package's hold on the harness; its tests start from it.
var check = harness.NewCheck(example.Start)

func TestMain(m *testing.M) { check.Main(m) }
