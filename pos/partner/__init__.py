"""A city partner's account as the terminal knows it (issue 24): the terms and credit central
last reported, the credit left now, and the checks every sale passes before seats are held."""
