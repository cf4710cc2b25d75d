"""Turn build options into written files: plan the matrix, run workers, keep the manifest, the CLI."""
