package apitest

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"
)

// MustAnnounce sends the head of a POST to baseURL+path that announces a
// JSON body of n bytes, with key as bearer token (none when empty), and
// returns what the server answers before the body follows. It is how a
// test sees a body refused for its size: net/http would still be writing
// the body when the server answers and closes.
func MustAnnounce(tb testing.TB, baseURL, path, key string, n int) Response {
	tb.Helper()
	conn, err := net.Dial("tcp", strings.TrimPrefix(baseURL, "http://"))
	if err != nil {
		tb.Fatal(err)
	}
	defer conn.Close()
	// A server that waited for the body would never answer: the deadline's
	// expiry is the failure.
	_ = conn.SetDeadline(time.Now().Add(patience))
	auth := ""
	if key != "" {
		auth = "Authorization: Bearer " + key + "\r\n"
	}
	fmt.Fprintf(conn, "POST %s HTTP/1.1\r\nHost: test\r\n%sContent-Type: application/json\r\nContent-Length: %d\r\n\r\n{", path, auth, n)
	res, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		tb.Fatalf("POST %s announcing %d bytes: %v", path, n, err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		tb.Fatalf("POST %s announcing %d bytes: read body: %v", path, n, err)
	}
	return Response{Status: res.StatusCode, Header: res.Header, Body: body}
}
