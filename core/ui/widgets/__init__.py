"""Small Qt widgets the Brickyard windows share."""
