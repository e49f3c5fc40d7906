"""Who may use certpath serve: users, roles, what each role may do and whose data it sees."""
