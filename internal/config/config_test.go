package config

import (
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

func env(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func TestLoadDefaults(t *testing.T) {
	c, err := Load(env(nil))
	if err != nil {
		t.Fatal(err)
	}
	if c.Addr != ":8080" || c.Database != "file:data/closedset.db" || c.PublicURL != "http://localhost:8080" ||
		c.VAPIDSubject != "mailto:admin@localhost" || c.Demo || c.LogFormat != "text" || len(c.PushAllowedHosts) == 0 ||
		c.MetricsAddr != "" {
		t.Fatalf("defaults: %+v", c)
	}
}

func TestLoadSecretsFromFiles(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "jwt")
	if err := os.WriteFile(path, []byte(strings.Repeat("x", 40)+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	c, err := Load(env(map[string]string{"CLOSEDSET_JWT_SECRET_FILE": path, "CLOSEDSET_DEMO": "true",
		"CLOSEDSET_PUSH_ALLOWED_HOSTS": "127.0.0.1, .example.test", "CLOSEDSET_TRUSTED_PROXIES": "10.0.0.0/8,192.168.1.1"}))
	if err != nil {
		t.Fatal(err)
	}
	if c.JWTSecret != strings.Repeat("x", 40) || !c.Demo || len(c.PushAllowedHosts) != 2 || c.PushAllowedHosts[1] != ".example.test" ||
		len(c.TrustedProxies) != 2 || c.TrustedProxies[1].String() != "192.168.1.1/32" {
		t.Fatalf("loaded: %+v", c)
	}
}

func TestLoadRejectsBadValues(t *testing.T) {
	bad := []map[string]string{
		{"CLOSEDSET_PUBLIC_URL": "ftp://x"},
		{"CLOSEDSET_DEMO": "maybe"},
		{"CLOSEDSET_LOG_FORMAT": "xml"},
		{"CLOSEDSET_JWT_SECRET": "short"},
		{"CLOSEDSET_VAPID_PUBLIC_KEY": "only-one"},
		{"CLOSEDSET_VAPID_SUBJECT": "admin@example.test"},
		{"CLOSEDSET_DATABASE": "mysql://x"},
		{"CLOSEDSET_TRUSTED_PROXIES": "not-an-ip"},
		{"CLOSEDSET_JWT_SECRET_FILE": "/nonexistent/secret"},
		{"CLOSEDSET_METRICS_ADDR": "9091"},
		{"CLOSEDSET_METRICS_ADDR": "127.0.0.1"},
		{"CLOSEDSET_METRICS_ADDR": ":8080"}, // the public listener's address
	}
	for _, m := range bad {
		if _, err := Load(env(m)); err == nil {
			t.Errorf("%v accepted", m)
		}
	}
}

func TestLogValueMasksSecrets(t *testing.T) {
	c, err := Load(env(map[string]string{
		"CLOSEDSET_JWT_SECRET":        "jwt-secret-that-is-long-enough-000000",
		"CLOSEDSET_VAPID_PUBLIC_KEY":  "BPUBLIC",
		"CLOSEDSET_VAPID_PRIVATE_KEY": "private-vapid-key",
		"CLOSEDSET_DATABASE":          "postgres://app:hunter2hunter2@db:5432/closedset?sslmode=disable",
	}))
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	slog.New(slog.NewTextHandler(&b, nil)).Info("config", "config", c)
	out := b.String()
	for _, secret := range []string{"jwt-secret-that-is-long-enough", "private-vapid-key", "hunter2hunter2"} {
		if strings.Contains(out, secret) {
			t.Errorf("log shows secret %q: %s", secret, out)
		}
	}
	if !strings.Contains(out, "BPUBLIC") || !strings.Contains(out, "db:5432") {
		t.Errorf("log lacks public values: %s", out)
	}
}

func TestDBMaxConns(t *testing.T) {
	for _, tc := range []struct {
		env  map[string]string
		want int
	}{
		{nil, 4},
		{map[string]string{"CLOSEDSET_DATABASE": "postgres://db/closedset"}, 10},
		{map[string]string{"CLOSEDSET_DATABASE": "postgres://db/closedset", "CLOSEDSET_DB_MAX_CONNS": " 25 "}, 25},
		{map[string]string{"CLOSEDSET_DB_MAX_CONNS": "2"}, 2},
	} {
		c, err := Load(env(tc.env))
		if err != nil {
			t.Fatal(err)
		}
		if c.DBMaxConns != tc.want {
			t.Errorf("%v: DBMaxConns %d, want %d", tc.env, c.DBMaxConns, tc.want)
		}
		var b strings.Builder
		slog.New(slog.NewTextHandler(&b, nil)).Info("config", "config", c)
		if !strings.Contains(b.String(), "config.dbMaxConns="+strconv.Itoa(tc.want)) {
			t.Errorf("log lacks dbMaxConns: %s", b.String())
		}
	}
	for _, v := range []string{"0", "-3", "ten", "1.5", "99999999999999999999"} {
		if _, err := Load(env(map[string]string{"CLOSEDSET_DB_MAX_CONNS": v})); err == nil || !strings.Contains(err.Error(), "CLOSEDSET_DB_MAX_CONNS") {
			t.Errorf("CLOSEDSET_DB_MAX_CONNS=%q: err %v", v, err)
		}
	}
}

func TestMetricsAddr(t *testing.T) {
	c, err := Load(env(map[string]string{"CLOSEDSET_METRICS_ADDR": " 127.0.0.1:9091 "}))
	if err != nil || c.MetricsAddr != "127.0.0.1:9091" {
		t.Fatalf("metrics addr %q, %v", c.MetricsAddr, err)
	}
	var b strings.Builder
	slog.New(slog.NewTextHandler(&b, nil)).Info("config", "config", c)
	if !strings.Contains(b.String(), "metricsAddr=127.0.0.1:9091") {
		t.Errorf("effective configuration: %s", b.String())
	}
	c, _ = Load(env(nil))
	b.Reset()
	slog.New(slog.NewTextHandler(&b, nil)).Info("config", "config", c)
	if !strings.Contains(b.String(), "metricsAddr=off") {
		t.Errorf("effective configuration without metrics: %s", b.String())
	}
}

// E-mail: off without CLOSEDSET_SMTP_URL; the URL may come from a file; the
// sender defaults to no-reply at the public URL's host; the password never
// reaches the log; a URL that is not smtp(s):// is refused.
func TestSMTPSettings(t *testing.T) {
	c, err := Load(env(map[string]string{"CLOSEDSET_PUBLIC_URL": "https://set.example.org"}))
	if err != nil || c.SMTPURL != "" || c.MailFrom != "Closed Set <no-reply@set.example.org>" {
		t.Fatalf("defaults: %q %q %v", c.SMTPURL, c.MailFrom, err)
	}
	var b strings.Builder
	slog.New(slog.NewTextHandler(&b, nil)).Info("config", "config", c)
	if !strings.Contains(b.String(), "smtpURL=off") {
		t.Errorf("log: %s", b.String())
	}

	path := filepath.Join(t.TempDir(), "smtp")
	if err := os.WriteFile(path, []byte("smtp://mailer:s3cret%21pass@mail.example.org:587\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	c, err = Load(env(map[string]string{"CLOSEDSET_SMTP_URL_FILE": path, "CLOSEDSET_MAIL_FROM": "Set <set@example.org>"}))
	if err != nil || c.SMTPURL != "smtp://mailer:s3cret%21pass@mail.example.org:587" || c.MailFrom != "Set <set@example.org>" {
		t.Fatalf("from file: %q %q %v", c.SMTPURL, c.MailFrom, err)
	}
	b.Reset()
	slog.New(slog.NewTextHandler(&b, nil)).Info("config", "config", c)
	if out := b.String(); strings.Contains(out, "s3cret") || !strings.Contains(out, "mailer:xxxxx@mail.example.org:587") {
		t.Errorf("log: %s", out)
	}

	for _, bad := range []map[string]string{
		{"CLOSEDSET_SMTP_URL": "http://mail.example.org"},
		{"CLOSEDSET_SMTP_URL": "smtp://"},
		{"CLOSEDSET_SMTP_URL": "smtp://mail.example.org", "CLOSEDSET_MAIL_FROM": "not an address"},
	} {
		if _, err := Load(env(bad)); err == nil {
			t.Errorf("%v accepted", bad)
		} else if strings.Contains(err.Error(), "s3cret") {
			t.Errorf("error shows the password: %v", err)
		}
	}
	if _, err := Load(env(map[string]string{"CLOSEDSET_SMTP_URL": "ftp://u:s3cret@x"})); err == nil || strings.Contains(err.Error(), "s3cret") {
		t.Errorf("bad scheme: %v", err)
	}
}
