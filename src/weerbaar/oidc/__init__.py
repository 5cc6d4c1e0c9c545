"""Log in with the organisation's own OpenID Connect identity provider."""
