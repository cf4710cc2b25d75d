"""Turn YAML files under content/ and the clinic profile into checked models; extract their prose for gettext."""
