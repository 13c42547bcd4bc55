"""The citizen's side: login by a one-time code (WhatsApp/SMS) or an e-mail
link, and one page with the citizen's requests and complaints."""
