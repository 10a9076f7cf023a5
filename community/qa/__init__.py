"""qa feature package"""

blueprints: list = []
