"""cchc-model: Vietnamese CCHC plans and progress appendices as typed data."""
