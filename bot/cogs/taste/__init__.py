"""What the bot remembers about a member: /like, /dislike, /likes, /forget, /mix."""
