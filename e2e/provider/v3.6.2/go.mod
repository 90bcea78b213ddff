// Builds kreuzwerker/terraform-provider-docker v3.6.2 (the version @cdktf/provider-docker 12.0.3 pins).
// Its go.mod declares the old path and its v3 tags lack a /v3 suffix, so it is required by commit:
// tag v3.6.2 is commit 2f20f8c3ce8290fcd03d96e69c7bc6338897a479.
module e2e/provider/v362

go 1.22

require github.com/terraform-providers/terraform-provider-docker v0.0.0

replace github.com/terraform-providers/terraform-provider-docker => github.com/kreuzwerker/terraform-provider-docker 2f20f8c3ce8290fcd03d96e69c7bc6338897a479
