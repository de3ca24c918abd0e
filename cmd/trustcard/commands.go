package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"strings"

	"trustcard/surveys"
)

// parse binds the config to a command's flags and validates it.
func (c *cli) parse(name, help string, args []string, extra func(*flag.FlagSet)) (Config, error) {
	cfg := DefaultConfig()
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	dump := fs.Bool("config-dump", false, "print the configuration (secrets hidden) and exit")
	cfg.Bind(fs, c.getenv, name == "serve")
	fs.SetOutput(c.stderr)
	if extra != nil {
		extra(fs)
	}
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "%s\n\nFlags:\n", help)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return cfg, errDone
		}
		return cfg, errUsage
	}
	if fs.NArg() > 0 {
		return cfg, fmt.Errorf("unexpected argument %q; see trustcard %s --help", fs.Arg(0), name)
	}
	if err := cfg.Validate(); err != nil {
		return cfg, err
	}
	if *dump {
		cfg.Dump(c.stdout)
		return cfg, errDone
	}
	return cfg, nil
}

func (c *cli) serve(ctx context.Context, args []string) error {
	cfg, err := c.parse("serve", "trustcard serve: run the web app, the API and the workers.", args, nil)
	if err != nil {
		return err
	}
	m := NewMain(cfg, c.stderr)
	m.Out = c.stdout
	if err := m.Run(ctx); err != nil {
		m.Close()
		return err
	}
	if m.URL() != "" {
		fmt.Fprintf(c.stderr, "Trustcard is running at %s (stop with Ctrl-C)\n", m.URL())
	}
	select {
	case <-ctx.Done():
	case err = <-m.serveErr:
		m.serveErr <- err
	}
	m.Logger.Info("shutting down")
	return errors.Join(err, m.Close())
}

func (c *cli) migrate(ctx context.Context, args []string) error {
	cfg, err := c.parse("migrate", "trustcard migrate: apply database migrations and exit.", args, nil)
	if err != nil {
		return err
	}
	m := NewMain(cfg, c.stderr)
	defer m.Close()
	if err := m.Open(ctx); err != nil {
		return err
	}
	v, err := m.DB.SchemaVersion(ctx)
	fmt.Fprintf(c.stderr, "database schema at version %d\n", v)
	return err
}

func (c *cli) apikey(ctx context.Context, args []string) error {
	if len(args) == 0 || args[0] != "create" {
		return fmt.Errorf("usage: trustcard apikey create --name NAME [--scopes manage,interactions:write,read]")
	}
	var name, scopes string
	cfg, err := c.parse("apikey create", "trustcard apikey create: print a new API key on stdout.", args[1:], func(fs *flag.FlagSet) {
		fs.StringVar(&name, "name", "", "a name to recognise the key by (required)")
		fs.StringVar(&scopes, "scopes", "manage,interactions:write,read", "comma-separated scopes")
	})
	if err != nil {
		return err
	}
	if name == "" {
		return fmt.Errorf("--name is required: trustcard apikey create --name crm")
	}
	m := NewMain(cfg, c.stderr)
	defer m.Close()
	if err := m.Open(ctx); err != nil {
		return err
	}
	k := &surveys.APIKey{Name: name}
	for _, s := range strings.Split(scopes, ",") {
		k.Scopes = append(k.Scopes, surveys.Scope(strings.TrimSpace(s)))
	}
	token, err := m.Services.Directory.CreateAPIKey(m.AsAdmin(ctx), k)
	if err != nil {
		return cliError(err)
	}
	fmt.Fprintln(c.stdout, token)
	return nil
}

// cliError turns a domain error into a sentence naming the flag.
func cliError(err error) error {
	field, msg := surveys.ErrorDetail(err)
	if field == "" {
		return err
	}
	return fmt.Errorf("--%s: %s", strings.ReplaceAll(field, "_", "-"), msg)
}
