package dev.atrium.tenancy.member;

/** A request to add a member, known by exactly one of username or email until they sign in. */
public record NewMember(String username, String email, String role) {}
