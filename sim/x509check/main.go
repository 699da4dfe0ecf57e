// x509check reads certificates as Go clients do: crypto/x509 is stricter than Node, Java or openssl (it refuses, for
// example, a PrintableString holding `_`). Usage: x509check <ca.pem> <client.pem>...; it parses the CA and each client
// certificate, verifies each against the CA for client authentication, prints one line per certificate, and exits 1
// on the first failure.
package main

import (
	"crypto/x509"
	"encoding/pem"
	"fmt"
	"os"
)

func parse(path string) (*x509.Certificate, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	block, _ := pem.Decode(data)
	if block == nil || block.Type != "CERTIFICATE" {
		return nil, fmt.Errorf("%s: no PEM certificate", path)
	}
	return x509.ParseCertificate(block.Bytes)
}

func main() {
	if len(os.Args) < 3 {
		fmt.Fprintln(os.Stderr, "usage: x509check <ca.pem> <client.pem>...")
		os.Exit(2)
	}
	ca, err := parse(os.Args[1])
	if err != nil {
		fmt.Fprintf(os.Stderr, "CA: %v\n", err)
		os.Exit(1)
	}
	roots := x509.NewCertPool()
	roots.AddCert(ca)
	for _, path := range os.Args[2:] {
		cert, err := parse(path)
		if err != nil {
			fmt.Fprintf(os.Stderr, "%s: %v\n", path, err)
			os.Exit(1)
		}
		options := x509.VerifyOptions{Roots: roots, KeyUsages: []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth}}
		if _, err := cert.Verify(options); err != nil {
			fmt.Fprintf(os.Stderr, "%s: %v\n", path, err)
			os.Exit(1)
		}
		fmt.Printf("verified CN=%s\n", cert.Subject.CommonName)
	}
}
