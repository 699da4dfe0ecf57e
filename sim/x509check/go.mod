module aivenator.local/x509check

go 1.22
