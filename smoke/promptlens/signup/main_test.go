package signup

import (
	"testing"

	"github.com/smokegate/smokegate/fixtures/sandboxstart"
	"github.com/smokegate/smokegate/harness"
)

func TestMain(m *testing.M) { harness.Main(m, sandboxstart.Starter) }
