"""Partner plugin 'frontdesks' (shell until its own issue)."""
