"""Billing: the host campus's tariff, subscriptions, invoices and SEPA collection.

Until the billing issue lands, only the access check other features call exists:
``has_access(company, feature)`` in ``community.billing.entitlements``.
"""
