"""Work at home: the group's logged hours against the network's target."""
