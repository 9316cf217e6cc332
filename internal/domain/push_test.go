package domain

import "testing"

func TestPushEndpointAllowed(t *testing.T) {
	allowed := []string{"fcm.googleapis.com", ".push.apple.com", "127.0.0.1", "localhost", "::1"}
	for _, tt := range []struct {
		endpoint string
		ok       bool
	}{
		{"https://fcm.googleapis.com/fcm/send/abc", true},
		{"https://fcm.googleapis.com:443/fcm/send/abc", true},
		{"https://web.push.apple.com/QO3", true},
		{"https://FCM.googleapis.com/fcm/send/abc", true},
		{"http://127.0.0.1:38211/push/1", true},
		{"https://127.0.0.1:8443/push/1", true},
		{"http://localhost:9000/push/1", true},
		{"http://[::1]:9000/push/1", true},

		{"http://fcm.googleapis.com/fcm/send/abc", false},       // plain http off loopback
		{"https://fcm.googleapis.com:8443/fcm/send/abc", false}, // another port
		{"https://fcm.googleapis.com:80/fcm/send/abc", false},
		{"https://evil.example.com/push/1", false},            // not on the list
		{"https://push.apple.com.evil.example/push/1", false}, // suffix trick
		{"https://fcm.googleapis.com.evil.example/x", false},
		{"https://user:pw@fcm.googleapis.com/x", false}, // credentials
		{"http://127.0.0.2:9000/push/1", false},         // loopback, not on the list
		{"ftp://fcm.googleapis.com/x", false},
		{"fcm.googleapis.com/x", false},
		{"https:///x", false},
		{"://bad", false},
	} {
		err := PushEndpointAllowed(tt.endpoint, allowed)
		if (err == nil) != tt.ok {
			t.Errorf("%s: err %v, want allowed %v", tt.endpoint, err, tt.ok)
		}
	}
	if PushEndpointAllowed("https://fcm.googleapis.com/x", nil) == nil {
		t.Error("an empty allow-list allows an endpoint")
	}
}
