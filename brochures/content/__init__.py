"""Turn content/ YAML and the clinic profile into checked models; extract prose for gettext."""
