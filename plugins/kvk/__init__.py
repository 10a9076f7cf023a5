"""Partner plugin 'kvk' (shell until its own issue)."""
