"""The Data Integrity proof layer: JSON-LD to RDF with an offline loader, RDFC-1.0, and the
`eddsa-rdfc-2022` cryptosuite. Pure Python with no Django, so a verifier can use it alone."""
