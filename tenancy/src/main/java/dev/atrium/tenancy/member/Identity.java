package dev.atrium.tenancy.member;

/**
 * Who is acting, as the identity provider tells it: {@code subject} is stable, {@code username} and
 * {@code email} are how people are invited before they first sign in.
 */
public record Identity(String subject, String username, String email) {}
