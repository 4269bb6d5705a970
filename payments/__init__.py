"""Wallet gateway clients (WeChat Pay, Alipay) on the vendors' SDKs: the adapters behind pos.payments.wallet."""
