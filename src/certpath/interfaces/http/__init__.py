"""What the API and the dashboard share: request context, audit of reads, uploads, errors."""
