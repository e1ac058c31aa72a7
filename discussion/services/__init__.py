"""Write-side of the discussion, one module per concern:

- rules: rate limits, spam rules and bans a comment must pass;
- posting: posting, confirming by email link, the writer's own edit and delete;
- moderation: approving, removing, deleting, blocking;
- reactions: likes and reports;
- notifications: follow-up mails and page subscriptions, unsubscribing;
- housekeeping: what the worker deletes on its clock.
"""
