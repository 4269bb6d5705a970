"""A local wallet gateway for tests and the demo, speaking WeChat Pay's and Alipay's documented protocols."""
