"""Pages of the case app: intake, lists, the case page, actions, the panti's
limited view and the public tracking page. Views are thin: they parse a
form, call one service (rujukan.services) and redirect with a message."""
