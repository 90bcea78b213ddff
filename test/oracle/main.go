// Command compose-oracle loads a Compose file set with compose-go (the loader of docker compose) and prints the
// loaded project as JSON, so that the library's loading (interpolation, .env, merge, extends, include, profiles,
// env_file, normalisation) can be compared with Compose's own. It is test tooling: nothing of it is published.
//
//	compose-oracle -project-dir DIR [-f FILE]... [-profile NAME]... [-env NAME=VALUE]... [-project-name NAME]
//
// Without -f, the files are discovered as docker compose discovers them (compose.yaml ... and its override file).
// Only the variables given with -env are visible (the process environment is not read), like ComposeProject's env.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"

	"github.com/compose-spec/compose-go/v2/cli"
)

type list []string

func (l *list) String() string     { return fmt.Sprint(*l) }
func (l *list) Set(v string) error { *l = append(*l, v); return nil }

func main() {
	var files, profiles, env list
	dir := flag.String("project-dir", ".", "the project directory (where .env and default files are found)")
	name := flag.String("project-name", "", "the project name")
	flag.Var(&files, "f", "a Compose file (repeatable, in merge order)")
	flag.Var(&profiles, "profile", "a profile to enable (repeatable)")
	flag.Var(&env, "env", "NAME=VALUE visible to interpolation (repeatable)")
	flag.Parse()

	opts := []cli.ProjectOptionsFn{
		cli.WithWorkingDirectory(*dir),
		cli.WithEnv(env),
		cli.WithEnvFiles(),
		cli.WithDotEnv,
		cli.WithDefaultConfigPath,
		cli.WithDefaultProfiles(profiles...), // as docker compose: --profile, else COMPOSE_PROFILES (also from .env)
	}
	if *name != "" {
		opts = append(opts, cli.WithName(*name))
	}
	options, err := cli.NewProjectOptions(files, opts...)
	if err == nil {
		var out []byte
		project, lerr := options.LoadProject(context.Background())
		err = lerr
		if err == nil {
			out, err = json.MarshalIndent(project, "", "  ")
			if err == nil {
				fmt.Println(string(out))
				return
			}
		}
	}
	fmt.Fprintln(os.Stderr, err)
	os.Exit(1)
}
