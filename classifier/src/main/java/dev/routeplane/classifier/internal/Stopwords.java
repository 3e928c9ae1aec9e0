package dev.routeplane.classifier.internal;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Frequent function words of the Latin-script languages the classifier tells apart. A few dozen per
 * language is enough: function words make up a third to a half of running text, so a 2-4 KB sample
 * yields dozens of hits. Words shared by several languages ("de", "en", "a") are split between them.
 */
final class Stopwords {

    static final String[] LANGUAGES = {"en", "de", "fr", "es", "it", "pt", "nl", "pl", "sv"};

    private static final Map<String, String> LISTS = new LinkedHashMap<>();

    static {
        LISTS.put(
                "en",
                "a i the and is are was were of to in that this it with for on you be have has not but they "
                        + "what which would there their from at by will can an or as if my we your he she about how please "
                        + "should could");
        LISTS.put(
                "de",
                "der die das und ist in er nicht ein eine einen ich sie es mit den dem des zu auf für von sich "
                        + "auch wie wir aber oder sind wird werden bitte dass noch nach bei kann diese dieser mein ihr haben "
                        + "hat war über wenn nur schon");
        LISTS.put(
                "fr",
                "le la les et est une un des du je vous nous il elle pas que qui dans pour sur avec ce "
                        + "cette sont mais ou au aux son sa ses leur être avoir fait très plus comme merci bien aussi tout "
                        + "ils mon de");
        LISTS.put(
                "es",
                "el la los las y es un una de que en por para con no se del al lo como pero más muy está "
                        + "son este esta estos su sus yo usted nosotros también porque cuando donde hay ser gracias tiene "
                        + "puede sobre");
        LISTS.put(
                "it",
                "il lo la gli le e è di in che un una per con non sono del della dei nel nella questo "
                        + "questa ma come anche più molto io tu lui lei noi voi loro perché quando dove grazie essere ha "
                        + "hanno alla al");
        LISTS.put(
                "pt",
                "o a os as e é um uma de que em para com não do da dos das no na por mais muito como mas "
                        + "se eu você ele ela nós está são isso este esta também quando onde obrigado ser tem pelo pela "
                        + "seu sua");
        LISTS.put(
                "nl",
                "de het een en in is van ik je niet dat die op te met voor zijn er maar om ook als dan bij "
                        + "nog wat wordt worden naar kan hij zij wij jullie deze dit heeft hebben was waren geen uit door "
                        + "alstublieft bedankt over");
        LISTS.put(
                "pl",
                "i w z na nie się jest to że do o jak ale co ten ta tak czy po od dla przez są być jego "
                        + "jej ich już tylko może bardzo proszę dziękuję który która które jestem mam ma gdy kiedy oraz "
                        + "aby także");
        LISTS.put(
                "sv",
                "och att det som en ett är på för med jag av inte den till har om de var men så kan vi "
                        + "du han hon mycket också eller när efter vad från bara hur där denna detta skulle tack ska sig "
                        + "mig vara");
    }

    private Stopwords() {}

    /** Language code to its words, in {@link #LANGUAGES} order. */
    static Map<String, String[]> lists() {
        Map<String, String[]> out = new LinkedHashMap<>();
        for (String lang : LANGUAGES) {
            out.put(lang, LISTS.get(lang).split(" "));
        }
        return out;
    }
}
