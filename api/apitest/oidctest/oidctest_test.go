package oidctest_test

import (
	"os/exec"
	"strings"
	"testing"
)

// Production code never imports this package: the binary is built without
// it and without the provider's library, which only tests need.
func TestBinaryLeavesTheTestProviderOut(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", "trustcard/cmd/trustcard").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	for _, dep := range strings.Fields(string(out)) {
		if dep == "trustcard/api/apitest/oidctest" || strings.HasPrefix(dep, "github.com/zitadel/") {
			t.Errorf("the trustcard binary depends on %s, which is for tests only", dep)
		}
	}
}
