package dev.atrium.portal.ui.tenant;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.value.ValueChangeMode;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.RouteParameters;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import dev.atrium.portal.ui.Cards;
import dev.atrium.portal.ui.MainLayout;
import dev.atrium.portal.ui.ServerErrors;
import dev.atrium.portal.ui.SignedInUser;
import dev.atrium.tenancy.access.Actor;
import dev.atrium.tenancy.access.NotFoundException;
import dev.atrium.tenancy.member.Member;
import dev.atrium.tenancy.member.MembershipService;
import dev.atrium.tenancy.member.NewMember;
import dev.atrium.tenancy.member.TenantRole;
import dev.atrium.tenancy.page.PageRequest;
import dev.atrium.tenancy.tenant.TenantService;
import jakarta.annotation.security.PermitAll;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A tenant's members. Tenant-admins (and platform admins) add people by username or email, change
 * roles and remove members; everyone else reads.
 */
@Route(value = "tenants/:slug/members", layout = MainLayout.class)
@PageTitle("Members · Atrium")
@PermitAll
public class MembersView extends VerticalLayout implements BeforeEnterObserver {

  private final MembershipService members;
  private final TenantService tenants;
  private final SignedInUser user;
  private final Grid<Member> grid = new Grid<>();
  private final List<Member> rows = new java.util.ArrayList<>();
  private final com.vaadin.flow.data.provider.ListDataProvider<Member> shown = new com.vaadin.flow.data.provider.ListDataProvider<>(rows);
  private String slug;
  private boolean canManage;

  MembersView(MembershipService members, TenantService tenants, SignedInUser user) {
    this.members = members;
    this.tenants = tenants;
    this.user = user;
    setSizeFull();
  }

  /** Opens the members of {@code slug}. */
  public static void open(com.vaadin.flow.component.UI ui, String slug) {
    ui.navigate(MembersView.class, new RouteParameters("slug", slug));
  }

  @Override
  public void beforeEnter(BeforeEnterEvent event) {
    this.slug = event.getRouteParameters().get("slug").orElse("");
    Actor actor = user.caller().actor();
    try {
      tenants.get(actor, slug);
    } catch (NotFoundException e) {
      event.rerouteToError(com.vaadin.flow.router.NotFoundException.class, e.getMessage());
      return;
    }
    canManage =
        actor.platformAdmin()
            || user.tenants().stream().anyMatch(m -> m.tenant().slug().equals(slug) && m.role() == TenantRole.TENANT_ADMIN);
    shown.clearFilters(); // the view may be the same one, moved to another tenant
    removeAll();
    add(new H2("Members of " + slug));
    if (canManage) {
      add(addForm());
    } else {
      Span note = new Span("Only a tenant-admin of " + slug + " can add, change or remove its members.");
      note.setId("read-only-note");
      note.getStyle().set("color", "var(--lumo-secondary-text-color)");
      add(note);
    }
    configureGrid();
    add(filterField(), grid);
    refresh();
  }

  private TextField filterField() {
    TextField filter = new TextField();
    filter.setPlaceholder("Filter by name, email or role");
    filter.setAriaLabel("Filter by name, email or role");
    filter.setPrefixComponent(VaadinIcon.SEARCH.create());
    filter.setClearButtonVisible(true);
    filter.setValueChangeMode(ValueChangeMode.LAZY);
    filter.setWidth("20rem");
    filter.addValueChangeListener(
        e -> {
          String text = e.getValue().trim().toLowerCase();
          shown.setFilter(
              m -> text.isEmpty()
                  || m.name().toLowerCase().contains(text)
                  || (m.email() != null && m.email().toLowerCase().contains(text))
                  || m.role().wireName().contains(text));
        });
    return filter;
  }

  private Component addForm() {
    TextField who = new TextField("Username or email");
    who.setId("member-name");
    who.setPlaceholder("e.g. dave or dave@example.com");
    who.setValueChangeMode(ValueChangeMode.EAGER);
    who.setWidth("20rem");
    Select<TenantRole> role = roleSelect();
    role.setId("member-role");
    role.setLabel("Role");
    role.setValue(TenantRole.TENANT_MEMBER);
    Button add = new Button("Add member", VaadinIcon.PLUS.create());
    add.setId("member-add");
    add.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
    add.addClickListener(
        e -> {
          String name = who.getValue().trim();
          boolean email = name.contains("@") && name.contains(".");
          boolean added =
              ServerErrors.run(
                  () ->
                      members.add(
                          user.caller().actor(),
                          slug,
                          new NewMember(email ? null : name, email ? name : null, role.getValue().wireName())),
                  Map.of("username", who, "email", who, "role", role),
                  "username");
          if (added) {
            ServerErrors.success(name + " added to " + slug);
            who.clear();
            refresh();
          }
        });
    who.addValueChangeListener(e -> who.setInvalid(false));
    HorizontalLayout form = new HorizontalLayout(who, role, add);
    form.setAlignItems(FlexComponent.Alignment.BASELINE);
    return form;
  }

  private void configureGrid() {
    grid.removeAllColumns();
    grid.setId("members-grid");
    grid.addColumn(Member::name).setHeader("Member").setSortable(true).setAutoWidth(true);
    grid.addColumn(m -> m.email() == null ? "" : m.email()).setHeader("Email").setSortable(true).setAutoWidth(true);
    grid.addComponentColumn(this::roleCell).setHeader("Role").setComparator(Member::role).setAutoWidth(true);
    grid.addComponentColumn(m -> Cards.badge(m.subject() == null ? "invited" : "signed in", m.subject() == null ? "contrast" : "success"))
        .setHeader("Status")
        .setAutoWidth(true);
    if (canManage) {
      grid.addComponentColumn(this::removeButton).setHeader("").setAutoWidth(true).setFlexGrow(0);
    }
    grid.setItems(shown);
    grid.setEmptyStateText("No member matches. Clear the filter, or add someone by username or email above.");
  }

  private Component roleCell(Member member) {
    if (!canManage) {
      return Cards.badge(member.role().wireName(), "");
    }
    Select<TenantRole> role = roleSelect();
    role.setValue(member.role());
    role.addValueChangeListener(
        e -> {
          if (!e.isFromClient()) {
            return;
          }
          boolean changed =
              ServerErrors.run(
                  () -> members.changeRole(user.caller().actor(), slug, member.name(), e.getValue().wireName()), Map.of(), null);
          if (changed) {
            ServerErrors.success(member.name() + " is now " + e.getValue().wireName());
          }
          refresh();
        });
    return role;
  }

  private Component removeButton(Member member) {
    Button remove = new Button(VaadinIcon.TRASH.create());
    remove.addThemeVariants(ButtonVariant.LUMO_TERTIARY, ButtonVariant.LUMO_ERROR, ButtonVariant.LUMO_SMALL);
    remove.setAriaLabel("Remove " + member.name());
    remove.addClickListener(
        e -> {
          ConfirmDialog confirm = new ConfirmDialog();
          confirm.setHeader("Remove " + member.name() + " from " + slug + "?");
          confirm.setText("They lose access to this tenant's workloads and quota at once.");
          confirm.setCancelable(true);
          confirm.setConfirmText("Remove");
          confirm.setConfirmButtonTheme("error primary");
          confirm.addConfirmListener(
              ok -> {
                if (ServerErrors.run(() -> members.remove(user.caller().actor(), slug, member.name()), Map.of(), null)) {
                  ServerErrors.success(member.name() + " removed");
                }
                refresh();
              });
          confirm.open();
        });
    return remove;
  }

  private void refresh() {
    rows.clear();
    rows.addAll(members.list(user.caller().actor(), slug, PageRequest.first(PageRequest.MAX_LIMIT)).items());
    shown.refreshAll();
  }

  private static Select<TenantRole> roleSelect() {
    Select<TenantRole> select = new Select<>();
    select.setItems(Arrays.asList(TenantRole.values()));
    select.setItemLabelGenerator(TenantRole::wireName);
    return select;
  }

}
