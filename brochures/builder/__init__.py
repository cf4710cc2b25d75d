"""Turn build options into written files: plan, workers, manifest, progress and the CLI."""
