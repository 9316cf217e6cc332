// Package config reads Closed Set's settings from the environment. Names and
// defaults follow the table in the README; secrets may also be given as
// NAME_FILE pointing at a file.
package config

import (
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/mail"
	"net/url"
	"os"
	"strconv"
	"strings"
)

// DefaultPushHosts are the public Web Push services endpoints may point at.
var DefaultPushHosts = []string{
	"fcm.googleapis.com", "android.googleapis.com", // Google (Chrome, Android)
	"updates.push.services.mozilla.com", ".push.services.mozilla.com", // Mozilla
	".push.apple.com",     // Apple (Safari, iOS home-screen apps)
	".notify.windows.com", // Microsoft (Edge)
}

// Config is the effective configuration of one Closed Set process.
type Config struct {
	Addr             string
	Database         string
	PublicURL        string
	JWTSecret        string // empty: generated once and stored in the database
	VAPIDPublicKey   string // empty (with the private key): generated and stored
	VAPIDPrivateKey  string
	VAPIDSubject     string
	PushAllowedHosts []string
	TrustedProxies   []*net.IPNet // empty: the client IP is the TCP peer
	Demo             bool
	LogFormat        string
	// DBMaxConns bounds the database connections of this process (and the
	// requests served at once): PostgreSQL 10, SQLite 4 by default.
	DBMaxConns int
	// MetricsAddr is the separate listener for /metrics (e.g.
	// 127.0.0.1:9091); empty: metrics are not served at all. The public
	// listener never serves them.
	MetricsAddr string
	// SMTPURL is where e-mail is sent (smtp:// with STARTTLS, required unless
	// the host is loopback, or smtps://); empty: e-mail is off.
	SMTPURL string
	// MailFrom is the sender of every e-mail.
	MailFrom string
}

// Load reads the configuration through getenv (os.Getenv in production).
func Load(getenv func(string) string) (Config, error) {
	var errs []error
	get := func(name, def string) string {
		if v := strings.TrimSpace(getenv(name)); v != "" {
			return v
		}
		return def
	}
	secret := func(name string) string {
		if v := getenv(name); v != "" {
			return strings.TrimSpace(v)
		}
		if path := getenv(name + "_FILE"); path != "" {
			b, err := os.ReadFile(path)
			if err != nil {
				errs = append(errs, fmt.Errorf("%s_FILE: %w", name, err))
				return ""
			}
			return strings.TrimSpace(string(b))
		}
		return ""
	}

	c := Config{
		Addr:            get("CLOSEDSET_ADDR", ":8080"),
		Database:        get("CLOSEDSET_DATABASE", "file:data/closedset.db"),
		PublicURL:       strings.TrimRight(get("CLOSEDSET_PUBLIC_URL", "http://localhost:8080"), "/"),
		JWTSecret:       secret("CLOSEDSET_JWT_SECRET"),
		VAPIDPublicKey:  secret("CLOSEDSET_VAPID_PUBLIC_KEY"),
		VAPIDPrivateKey: secret("CLOSEDSET_VAPID_PRIVATE_KEY"),
		LogFormat:       get("CLOSEDSET_LOG_FORMAT", "text"),
		MetricsAddr:     get("CLOSEDSET_METRICS_ADDR", ""),
		SMTPURL:         secret("CLOSEDSET_SMTP_URL"),
	}
	if c.MetricsAddr != "" {
		if _, port, err := net.SplitHostPort(c.MetricsAddr); err != nil || port == "" {
			errs = append(errs, fmt.Errorf("CLOSEDSET_METRICS_ADDR must be host:port (e.g. 127.0.0.1:9091), got %q", c.MetricsAddr))
		} else if c.MetricsAddr == c.Addr && port != "0" {
			errs = append(errs, errors.New("CLOSEDSET_METRICS_ADDR must differ from CLOSEDSET_ADDR: metrics are never on the public listener"))
		}
	}

	u, err := url.Parse(c.PublicURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		errs = append(errs, fmt.Errorf("CLOSEDSET_PUBLIC_URL must be an http(s) URL, got %q", c.PublicURL))
	} else {
		c.VAPIDSubject = get("CLOSEDSET_VAPID_SUBJECT", "mailto:admin@"+u.Hostname())
		c.MailFrom = get("CLOSEDSET_MAIL_FROM", "Closed Set <no-reply@"+u.Hostname()+">")
	}
	if c.SMTPURL != "" {
		if u, err := url.Parse(c.SMTPURL); err != nil || (u.Scheme != "smtp" && u.Scheme != "smtps") || u.Hostname() == "" {
			errs = append(errs, fmt.Errorf("CLOSEDSET_SMTP_URL must be smtp://[user:password@]host[:port] or smtps://…, got %q", maskSMTP(c.SMTPURL)))
		}
		if a, err := mail.ParseAddress(c.MailFrom); err != nil || a.Address == "" {
			errs = append(errs, fmt.Errorf("CLOSEDSET_MAIL_FROM must be an address such as \"Closed Set <no-reply@example.org>\", got %q", c.MailFrom))
		}
	}
	if s := c.VAPIDSubject; s != "" && !strings.HasPrefix(s, "mailto:") && !strings.HasPrefix(s, "https://") {
		errs = append(errs, fmt.Errorf("CLOSEDSET_VAPID_SUBJECT must be a mailto: or https: URL"))
	}
	if (c.VAPIDPublicKey == "") != (c.VAPIDPrivateKey == "") {
		errs = append(errs, errors.New("CLOSEDSET_VAPID_PUBLIC_KEY and CLOSEDSET_VAPID_PRIVATE_KEY must be set together"))
	}
	if c.JWTSecret != "" && len(c.JWTSecret) < 32 {
		errs = append(errs, errors.New("CLOSEDSET_JWT_SECRET must be at least 32 characters"))
	}

	c.PushAllowedHosts = DefaultPushHosts
	if v := get("CLOSEDSET_PUSH_ALLOWED_HOSTS", ""); v != "" {
		c.PushAllowedHosts = splitList(v)
	}
	for _, cidr := range splitList(get("CLOSEDSET_TRUSTED_PROXIES", "")) {
		if !strings.Contains(cidr, "/") {
			if strings.Contains(cidr, ":") {
				cidr += "/128"
			} else {
				cidr += "/32"
			}
		}
		_, n, err := net.ParseCIDR(cidr)
		if err != nil {
			errs = append(errs, fmt.Errorf("CLOSEDSET_TRUSTED_PROXIES: %w", err))
			continue
		}
		c.TrustedProxies = append(c.TrustedProxies, n)
	}

	switch v := strings.ToLower(get("CLOSEDSET_DEMO", "false")); v {
	case "true", "1", "yes":
		c.Demo = true
	case "false", "0", "no":
	default:
		errs = append(errs, fmt.Errorf("CLOSEDSET_DEMO must be true or false, got %q", v))
	}
	if c.LogFormat != "text" && c.LogFormat != "json" {
		errs = append(errs, fmt.Errorf("CLOSEDSET_LOG_FORMAT must be text or json, got %q", c.LogFormat))
	}
	if !strings.HasPrefix(c.Database, "file:") && !IsPostgres(c.Database) {
		errs = append(errs, fmt.Errorf("CLOSEDSET_DATABASE must be a file: URL or a postgres:// URL"))
	}
	c.DBMaxConns = 4
	if IsPostgres(c.Database) {
		c.DBMaxConns = 10
	}
	if v := get("CLOSEDSET_DB_MAX_CONNS", ""); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n <= 0 {
			errs = append(errs, fmt.Errorf("CLOSEDSET_DB_MAX_CONNS must be a positive whole number, got %q", v))
		} else {
			c.DBMaxConns = n
		}
	}
	return c, errors.Join(errs...)
}

// IsPostgres reports whether a database URL selects PostgreSQL.
func IsPostgres(database string) bool {
	return strings.HasPrefix(database, "postgres://") || strings.HasPrefix(database, "postgresql://")
}

func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// LogValue renders the effective configuration with secrets masked, so it can
// be logged at start.
func (c Config) LogValue() slog.Value {
	proxies := make([]string, len(c.TrustedProxies))
	for i, n := range c.TrustedProxies {
		proxies[i] = n.String()
	}
	return slog.GroupValue(
		slog.String("addr", c.Addr),
		slog.String("database", maskDatabase(c.Database)),
		slog.String("publicURL", c.PublicURL),
		slog.String("jwtSecret", maskSecret(c.JWTSecret, "generated and stored")),
		slog.String("vapidPublicKey", orDefault(c.VAPIDPublicKey, "generated and stored")),
		slog.String("vapidPrivateKey", maskSecret(c.VAPIDPrivateKey, "generated and stored")),
		slog.String("vapidSubject", c.VAPIDSubject),
		slog.String("pushAllowedHosts", strings.Join(c.PushAllowedHosts, ",")),
		slog.String("trustedProxies", strings.Join(proxies, ",")),
		slog.Bool("demo", c.Demo),
		slog.String("logFormat", c.LogFormat),
		slog.Int("dbMaxConns", c.DBMaxConns),
		slog.String("metricsAddr", orDefault(c.MetricsAddr, "off")),
		slog.String("smtpURL", orDefault(maskSMTP(c.SMTPURL), "off")),
		slog.String("mailFrom", c.MailFrom),
	)
}

func maskSecret(v, ifEmpty string) string {
	if v == "" {
		return ifEmpty
	}
	return "********"
}

func orDefault(v, def string) string {
	if v == "" {
		return def
	}
	return v
}

// maskSMTP hides the password of an SMTP URL (and everything, when it does
// not parse).
func maskSMTP(v string) string {
	if v == "" {
		return ""
	}
	u, err := url.Parse(v)
	if err != nil {
		return "********"
	}
	if _, has := u.User.Password(); has {
		u.User = url.UserPassword(u.User.Username(), "xxxxx")
	}
	return u.String()
}

// maskDatabase hides the password of a postgres:// URL.
func maskDatabase(db string) string {
	if !IsPostgres(db) {
		return db
	}
	u, err := url.Parse(db)
	if err != nil {
		return "postgres://********"
	}
	if _, has := u.User.Password(); has {
		u.User = url.UserPassword(u.User.Username(), "xxxxx")
	}
	q := u.Query()
	if q.Has("password") {
		q.Set("password", "xxxxx")
		u.RawQuery = q.Encode()
	}
	return u.String()
}
