package io.hibobsync.simulator.hibob.company;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The tenant's lists: departments and job titles (HiBob list fields, each item with an id and a name) and
 * sites (with their time zone, which decides when lifecycle events fire). Unknown names get a new item.
 */
public final class CompanyLists {

    public record ListItem(String id, String name) {
    }

    public record Site(long id, String name, String timeZone, String city, String country) {
    }

    private final List<ListItem> departments = new ArrayList<>();
    private final List<ListItem> titles = new ArrayList<>();
    private final List<Site> sites = new ArrayList<>();

    public static CompanyLists standard() {
        var lists = new CompanyLists();
        lists.restoreStandard();
        return lists;
    }

    /** Back to the five standard sites and no departments or titles (seeding adds those). */
    public synchronized void restoreStandard() {
        departments.clear();
        titles.clear();
        sites.clear();
        sites.add(new Site(2510068, "London", "Europe/London", "London", "United Kingdom"));
        sites.add(new Site(2510069, "New York", "America/New_York", "New York", "United States"));
        sites.add(new Site(2510070, "Tel Aviv", "Asia/Jerusalem", "Tel Aviv", "Israel"));
        sites.add(new Site(2510071, "Berlin", "Europe/Berlin", "Berlin", "Germany"));
        sites.add(new Site(2510072, "Sydney", "Australia/Sydney", "Sydney", "Australia"));
    }

    public synchronized List<ListItem> departments() {
        return List.copyOf(departments);
    }

    public synchronized List<ListItem> titles() {
        return List.copyOf(titles);
    }

    public synchronized List<Site> sites() {
        return List.copyOf(sites);
    }

    /** The department with this name or id; a new one when nothing matches. */
    public synchronized ListItem department(String nameOrId) {
        return itemOf(departments, nameOrId, 5_421_100);
    }

    /** The job title with this name or id; a new one when nothing matches. */
    public synchronized ListItem title(String nameOrId) {
        return itemOf(titles, nameOrId, 7_310_200);
    }

    public synchronized Optional<ListItem> departmentNamed(String name) {
        return departments.stream().filter(item -> item.name().equals(name)).findFirst();
    }

    public synchronized Optional<ListItem> titleNamed(String name) {
        return titles.stream().filter(item -> item.name().equals(name)).findFirst();
    }

    /** The site with this name (case-insensitive); a new one in UTC when nothing matches. */
    public synchronized Site site(String name) {
        return sites.stream().filter(site -> site.name().equalsIgnoreCase(name.trim())).findFirst().orElseGet(() -> {
            var site = new Site(2_510_068L + sites.size(), name.trim(), "UTC", name.trim(), null);
            sites.add(site);
            return site;
        });
    }

    private static ListItem itemOf(List<ListItem> items, String nameOrId, int firstId) {
        String wanted = nameOrId.trim();
        return items.stream()
                .filter(item -> item.name().toLowerCase(Locale.ROOT).equals(wanted.toLowerCase(Locale.ROOT))
                        || item.id().equals(wanted))
                .findFirst()
                .orElseGet(() -> {
                    var item = new ListItem(String.valueOf(firstId + items.size()), wanted);
                    items.add(item);
                    return item;
                });
    }
}
