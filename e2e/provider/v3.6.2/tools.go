//go:build tools

// Package provider pins the kreuzwerker/docker provider so that `go build` can build it from the module proxy.
package provider

import _ "github.com/terraform-providers/terraform-provider-docker"
