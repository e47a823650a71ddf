"""Open data and the API: every published record as downloadable tables (CSV
and JSON) on /data/ and as a read-only JSON API under /api/, with field names
from the INDIGO data standard where the concept is the same."""
