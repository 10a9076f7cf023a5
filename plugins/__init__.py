"""In-tree partner plugins, loaded through the ``community.plugins`` entry points."""
