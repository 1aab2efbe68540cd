"""From a target point to a list: neighbours through filters, steering, the playlist scene,
descriptions; the bridge and the mix."""
