"""Checking a credential: its signature, its issuer, its status, its dates and, for Tohu's own
issuers, the accreditation behind it (`verifier.verify_credential`)."""
