"""search feature package"""

blueprints: list = []
