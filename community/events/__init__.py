"""events feature package"""

blueprints: list = []
