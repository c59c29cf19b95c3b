package io.clipcast.sandbox.kit.oauth;

import io.clipcast.sandbox.kit.Reply;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;

/**
 * A platform's table of token-endpoint refusals: for each {@link TokenProblem} the status, {@code error} and
 * {@code error_description} ({@code {}} stands for the named parameter or grant type), written through
 * {@link Reply#oauthError} so each platform's reply gives the body its shape. A problem without an entry takes the
 * entry named by {@link #same}, or else RFC 6749's {@code invalid_request}/{@code invalid_grant}.
 */
public final class TokenRefusals implements TokenEndpoint.Refusals<Reply> {
  private record Answer(int status, String error, String description) {}

  private final Map<TokenProblem, Answer> answers = new EnumMap<>(TokenProblem.class);
  private final Map<String, Answer> missing = new HashMap<>();

  public TokenRefusals on(TokenProblem problem, int status, String error, String description) {
    answers.put(problem, new Answer(status, error, description));
    return this;
  }

  /** {@code problems} answer as {@code model} does (its entry must be set first). */
  public TokenRefusals same(TokenProblem model, TokenProblem... problems) {
    for (TokenProblem p : problems) answers.put(p, answers.get(model));
    return this;
  }

  /** The answer to one missing parameter where it differs from the {@link TokenProblem#MISSING} entry. */
  public TokenRefusals missing(String param, int status, String error, String description) {
    missing.put(param, new Answer(status, error, description));
    return this;
  }

  @Override
  public void refuse(Reply reply, TokenProblem problem, String detail) {
    Answer a = problem == TokenProblem.MISSING ? missing.getOrDefault(detail, answers.get(problem)) : answers.get(problem);
    if (a == null) a = problem.name().startsWith("CODE_") || problem.name().startsWith("REFRESH_") || problem.name().startsWith("VERIFIER_")
        ? new Answer(400, "invalid_grant", problem.name()) : new Answer(400, "invalid_request", problem.name());
    reply.oauthError(a.status(), a.error(), detail == null ? a.description() : a.description().replace("{}", detail));
  }
}
