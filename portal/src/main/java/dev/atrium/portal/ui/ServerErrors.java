package dev.atrium.portal.ui;

import dev.atrium.cluster.pool.Amounts;
import com.vaadin.flow.component.HasValidation;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import dev.atrium.cluster.reservation.CapacityUnavailableException;
import dev.atrium.tenancy.access.ConflictException;
import dev.atrium.tenancy.access.ForbiddenException;
import dev.atrium.tenancy.access.NotFoundException;
import dev.atrium.tenancy.access.QuotaExceededException;
import dev.atrium.tenancy.access.TenantSuspendedException;
import dev.atrium.tenancy.access.ValidationException;
import java.util.Map;

/**
 * Shows what the server said about a form where the person looks: a field error on its field (it
 * stays until the value changes), anything else in a notification.
 */
public final class ServerErrors {

  private ServerErrors() {}

  /**
   * Runs {@code action}; on a refusal from the services shows it and returns false.
   *
   * @param fields form fields by the names the services use, e.g. "slug", "quota.cpuMillis"
   * @param conflictField the field a conflict is about (e.g. a duplicate slug), or null
   */
  public static boolean run(Runnable action, Map<String, ? extends HasValidation> fields, String conflictField) {
    try {
      action.run();
      return true;
    } catch (ValidationException e) {
      for (ValidationException.FieldError error : e.errors()) {
        HasValidation field = fields.get(error.field());
        if (field != null) {
          field.setErrorMessage(capitalised(error.message()));
          field.setInvalid(true);
        } else {
          error(error.field() + " " + error.message());
        }
      }
    } catch (ConflictException e) {
      HasValidation field = conflictField == null ? null : fields.get(conflictField);
      if (field != null) {
        field.setErrorMessage(e.getMessage());
        field.setInvalid(true);
      } else {
        error(e.getMessage());
      }
    } catch (QuotaExceededException e) {
      HasValidation field = fields.get(e.resource());
      if (field != null) {
        field.setErrorMessage(inPeoplesWords(e));
        field.setInvalid(true);
      } else {
        error(inPeoplesWords(e));
      }
    } catch (CapacityUnavailableException e) {
      HasValidation field = fields.get("start");
      if (field != null) {
        field.setErrorMessage(e.getMessage());
        field.setInvalid(true);
      } else {
        error(e.getMessage());
      }
    } catch (ForbiddenException | NotFoundException | TenantSuspendedException e) {
      error(e.getMessage());
    }
    return false;
  }

  /** As {@link #run}; on success also says {@code done} and runs {@code then} (e.g. a refresh). */
  public static boolean submit(
      Runnable action, Map<String, ? extends HasValidation> fields, String conflictField, String done, Runnable then) {
    if (!run(action, fields, conflictField)) {
      return false;
    }
    success(done);
    then.run();
    return true;
  }

  /** A quota refusal in the units people read ("1.7 cores left"), not the API's millicores. */
  static String inPeoplesWords(QuotaExceededException e) {
    java.util.function.LongFunction<String> amount = switch (e.resource()) {
      case "cpuMillis" -> Amounts::cpu;
      case "memoryMiB" -> Amounts::memory;
      case "gpus" -> Amounts::gpus;
      default -> n -> n + (n == 1 ? " workload" : " workloads");
    };
    String left = amount.apply(e.available()) + " left in the quota; this needs " + amount.apply(e.requested());
    return e.at() == null ? capitalised(left) + "." : "From " + e.at() + " only " + left + ".";
  }

  public static void error(String message) {
    Notification notification = Notification.show(message, 6000, Notification.Position.TOP_CENTER);
    notification.addThemeVariants(NotificationVariant.LUMO_ERROR);
  }

  public static void success(String message) {
    Notification notification = Notification.show(message, 3000, Notification.Position.BOTTOM_START);
    notification.addThemeVariants(NotificationVariant.LUMO_SUCCESS);
  }

  private static String capitalised(String message) {
    return message.isEmpty() ? message : Character.toUpperCase(message.charAt(0)) + message.substring(1);
  }
}
