"""Mobile payment (WeChat Pay, Alipay payment codes) as the core sees it: no HTTP here."""
