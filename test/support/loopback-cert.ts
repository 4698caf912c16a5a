// A self-signed certificate for localhost and 127.0.0.1 (EC P-256, valid until 2126), for HTTPS
// targets on loopback in the proxy tests: a tunnel is only a tunnel if TLS runs through it. Made
// with: openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 36500
//   -subj "/CN=localhost" -addext "subjectAltName=DNS:localhost,IP:127.0.0.1". Test-only: it
// guards nothing.
export const LOOPBACK_KEY = `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgw7S6rIsG1b9iJNLR
MRPEzJY+iyW4bC80tzoShJA9D0ehRANCAASLSJ+2ZjT5v7N4xn33SuN4BdvZ4QTh
LfHquR/y2xYtQI6ERzIQuPzOYKZwchHZ/l/eBxUxXeCnYD9NENKIl3vR
-----END PRIVATE KEY-----
`;
export const LOOPBACK_CERT = `-----BEGIN CERTIFICATE-----
MIIBnDCCAUGgAwIBAgIUZp73uJalB15zwQ/Up7a7RkTvEoAwCgYIKoZIzj0EAwIw
FDESMBAGA1UEAwwJbG9jYWxob3N0MCAXDTI2MTIwNjA4MTM1NloYDzIxMjYxMTEy
MDgxMzU2WjAUMRIwEAYDVQQDDAlsb2NhbGhvc3QwWTATBgcqhkjOPQIBBggqhkjO
PQMBBwNCAASLSJ+2ZjT5v7N4xn33SuN4BdvZ4QThLfHquR/y2xYtQI6ERzIQuPzO
YKZwchHZ/l/eBxUxXeCnYD9NENKIl3vRo28wbTAdBgNVHQ4EFgQUnh8djFiIJaOg
PkB6l2brtsPzrxcwHwYDVR0jBBgwFoAUnh8djFiIJaOgPkB6l2brtsPzrxcwDwYD
VR0TAQH/BAUwAwEB/zAaBgNVHREEEzARgglsb2NhbGhvc3SHBH8AAAEwCgYIKoZI
zj0EAwIDSQAwRgIhAJgYJoYgjcVN4FszKux5NtBt9Zh1jZhs/Ujf+xGKVmqkAiEA
9zTnnsyMFbltzWORljyRLCQ0PM6Eo8ErFqpziFJqQwk=
-----END CERTIFICATE-----
`;
