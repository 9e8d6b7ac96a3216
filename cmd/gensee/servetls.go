package main

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"fmt"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"time"
)

// serveTLS returns the TLS configuration of fake serve's --tls, --tls-cert
// and --tls-key (nil without them), the path of the certificate it
// generated (for --tls) and a function that removes that file.
func serveTLS(generate bool, certFile, keyFile string) (*tls.Config, string, func(), error) {
	none := func() {}
	switch {
	case (certFile == "") != (keyFile == ""):
		return nil, "", none, errors.New("--tls-cert and --tls-key go together")
	case certFile != "":
		if generate {
			return nil, "", none, errors.New("--tls generates a certificate; --tls-cert and --tls-key give one: use one or the other")
		}
		cert, err := tls.LoadX509KeyPair(certFile, keyFile)
		if err != nil {
			return nil, "", none, fmt.Errorf("--tls-cert/--tls-key: %v", err)
		}
		return &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}, "", none, nil
	case !generate:
		return nil, "", none, nil
	}
	cert, certPEM, err := selfSigned(time.Now())
	if err != nil {
		return nil, "", none, fmt.Errorf("--tls: %v", err)
	}
	dir, err := os.MkdirTemp("", "gensee-fake-tls-")
	if err != nil {
		return nil, "", none, fmt.Errorf("--tls: %v", err)
	}
	path := filepath.Join(dir, "cert.pem")
	if err := os.WriteFile(path, certPEM, 0o644); err != nil {
		_ = os.RemoveAll(dir)
		return nil, "", none, fmt.Errorf("--tls: %v", err)
	}
	return &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}, path,
		func() { _ = os.RemoveAll(dir) }, nil
}

// selfSigned makes a certificate for 127.0.0.1, ::1 and localhost, valid
// for a year from now, its key kept in memory only; certPEM is the
// certificate for clients to trust.
func selfSigned(now time.Time) (tls.Certificate, []byte, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return tls.Certificate{}, nil, err
	}
	serial, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 62))
	if err != nil {
		return tls.Certificate{}, nil, err
	}
	tmpl := &x509.Certificate{
		SerialNumber:          serial,
		Subject:               pkix.Name{Organization: []string{"gensee fake serve"}, CommonName: "localhost"},
		NotBefore:             now.Add(-time.Hour),
		NotAfter:              now.AddDate(1, 0, 0),
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
		IsCA:                  true,
		DNSNames:              []string{"localhost"},
		IPAddresses:           []net.IP{net.IPv4(127, 0, 0, 1), net.IPv6loopback},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return tls.Certificate{}, nil, err
	}
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), nil
}
