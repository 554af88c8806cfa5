"""Makes data/ the package dlkit.data (see pyproject.toml), so every install of dlkit finds these files."""
